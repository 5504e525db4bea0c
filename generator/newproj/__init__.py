"""newproj: Django or FastAPI? Answers with evidence, then generates a tested project.

The public API is small on purpose; everything else lives in private modules.
"""

from newproj._errors import NewprojError
from newproj._questionnaire import Questionnaire, load_questionnaire
from newproj._recommend import Recommendation, recommend

__version__ = "0.1.0"

__all__ = [
    "NewprojError",
    "Questionnaire",
    "Recommendation",
    "__version__",
    "load_questionnaire",
    "recommend",
]
