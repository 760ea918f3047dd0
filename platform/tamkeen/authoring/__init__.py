"""Trainer authoring: course packages, their import and export."""
