"""Model serving: an iris classifier trained locally, its prediction and metadata endpoints.

`install(app)` is the only name the rest of the project uses (see main.py).
"""

from .router import install

__all__ = ["install"]
