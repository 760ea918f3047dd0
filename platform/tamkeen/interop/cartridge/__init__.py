"""IMS Common Cartridge: a Tamkeen course written as a cartridge that Moodle and Canvas
import (exporter, manifest, pages, qti), Tamkeen's own validator of it (validate), and a
cartridge from Moodle or Canvas read back into a course package (reader, qti_read)."""
