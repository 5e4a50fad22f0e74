/* SPDX-License-Identifier: MIT */
/*
 * The guest's DSDT (ACPI 6.4 5.2.11.1), compiled by iasl at build time
 * (mk/firmware.mk) and the same for every VM: what varies per VM is the
 * MADT (built in C) and which virtio-mmio slots hold a device, read here
 * from the platform page the hypervisor writes (hv/acpi/guest_platform.h,
 * docs/guest-platform.md).
 */
#include "guest_platform.h"

DefinitionBlock ("", "DSDT", 2, "VMANHV", "VMANHVPL", 1)
{
    /* Bit n of VSLT: virtio-mmio slot n has a device (written by the hypervisor). */
    OperationRegion (VMPD, SystemMemory, GUEST_PLATFORM_PAGE_GPA, 4)
    Field (VMPD, DWordAcc, NoLock, Preserve)
    {
        VSLT, 32
    }

    /* Soft off (ACPI 6.4 7.4.2): SLP_TYPa, SLP_TYPb, two reserved. */
    Name (_S5, Package (4) { GUEST_SLP_TYP_S5, GUEST_SLP_TYP_S5, Zero, Zero })

    /*
     * A virtio-mmio slot (virtio 1.2 4.2): Linux's virtio_mmio driver
     * matches _HID LNRO0005 and takes the first memory and interrupt
     * resources (the same four slots,
     * spelled out: iasl's preprocessor has no macros with arguments).  _STA: present, enabled, shown, functioning (0x0F) when
     * the slot's bit is set, else absent (ACPI 6.4 6.3.7).
     */
    Scope (\_SB)
    {
        Device (VR00)
        {
            Name (_HID, "LNRO0005")
            Name (_UID, 0)
            Name (_CCA, One)
            Method (_STA, 0, NotSerialized)
            {
                If (VSLT & 0x01) { Return (0x0F) }
                Return (Zero)
            }
            Name (_CRS, ResourceTemplate ()
            {
                Memory32Fixed (ReadWrite, GUEST_VIRTIO0_GPA, GUEST_VIRTIO_MMIO_SIZE)
                Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) { GUEST_VIRTIO0_GSI }
            })
        }

        Device (VR01)
        {
            Name (_HID, "LNRO0005")
            Name (_UID, 1)
            Name (_CCA, One)
            Method (_STA, 0, NotSerialized)
            {
                If (VSLT & 0x02) { Return (0x0F) }
                Return (Zero)
            }
            Name (_CRS, ResourceTemplate ()
            {
                Memory32Fixed (ReadWrite, GUEST_VIRTIO1_GPA, GUEST_VIRTIO_MMIO_SIZE)
                Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) { GUEST_VIRTIO1_GSI }
            })
        }

        Device (VR02)
        {
            Name (_HID, "LNRO0005")
            Name (_UID, 2)
            Name (_CCA, One)
            Method (_STA, 0, NotSerialized)
            {
                If (VSLT & 0x04) { Return (0x0F) }
                Return (Zero)
            }
            Name (_CRS, ResourceTemplate ()
            {
                Memory32Fixed (ReadWrite, GUEST_VIRTIO2_GPA, GUEST_VIRTIO_MMIO_SIZE)
                Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) { GUEST_VIRTIO2_GSI }
            })
        }

        Device (VR03)
        {
            Name (_HID, "LNRO0005")
            Name (_UID, 3)
            Name (_CCA, One)
            Method (_STA, 0, NotSerialized)
            {
                If (VSLT & 0x08) { Return (0x0F) }
                Return (Zero)
            }
            Name (_CRS, ResourceTemplate ()
            {
                Memory32Fixed (ReadWrite, GUEST_VIRTIO3_GPA, GUEST_VIRTIO_MMIO_SIZE)
                Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) { GUEST_VIRTIO3_GSI }
            })
        }
    }
}
