-- "I lost this device" is remembered on the device: its card and page say "Marked as lost" until it
-- signs in again (a reestablishedAt after it). Devices marked before this are not back-filled.
ALTER TABLE "Device" ADD COLUMN "lostAt" TIMESTAMP(3);
