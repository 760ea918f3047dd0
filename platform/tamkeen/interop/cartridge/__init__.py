"""IMS Common Cartridge: courses leave as a cartridge and come back from Moodle and Canvas."""
