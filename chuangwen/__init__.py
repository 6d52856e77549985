"""chuangwen: the platform a city runs its National Civilized City campaign on."""

__version__ = "0.1.0"
