"""The analyser version, stamped on every analysed work (`Work.analyser_version`)."""

__version__ = "0.1.0"
