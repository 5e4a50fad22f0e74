/* SPDX-License-Identifier: MIT */
/*
 * Where the endpoint and the credentials come from, first found wins:
 *   URL       --url, $VMANCTL_URL
 *   user      --user, $VMANCTL_USER, the netrc entry's login, "admin"
 *   password  --password-file, $VMANCTL_PASSWORD, the netrc entry's password
 * The netrc file is --netrc-file or ~/.netrc; its entry is the URL's host's
 * (with the user's login when the user was given).  A password is never read
 * from the command line itself: argv is visible to every user of the host.
 */
#ifndef VMANCTL_CREDENTIALS_H
#define VMANCTL_CREDENTIALS_H

#include "tools/vmanctl/vmanctl.h"

/*
 * credentials_resolve - fill v->url (with /wsman added when the URL has no
 * path), v->https, v->hostport, v->user and v->password.  Says what is
 * missing or unreadable and returns VMANCTL_USAGE, or VMANCTL_OK.
 */
int credentials_resolve(struct vmanctl *v);

/* credentials_read_password_file - the first line of PATH ("-": stdin). */
int credentials_read_password_file(const char *path, char *out, size_t len);

#endif
