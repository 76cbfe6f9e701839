"""riskscan: static production-readiness analyzer."""

__version__ = "0.1.0"
