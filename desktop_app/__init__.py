"""征缴通 — offline collection of resident medical insurance contributions."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zhengjiao")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
