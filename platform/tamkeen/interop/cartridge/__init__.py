"""IMS Common Cartridge: a Tamkeen course written as a cartridge that Moodle and Canvas
import (exporter, manifest, pages, qti), and Tamkeen's own validator of it (validate)."""
