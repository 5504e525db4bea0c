"""The public surface is decided on purpose: adding or removing a name must be a choice."""

import newproj


def test_public_api() -> None:
    assert sorted(newproj.__all__) == [
        "NewprojError",
        "Questionnaire",
        "Recommendation",
        "__version__",
        "load_questionnaire",
        "recommend",
    ]
    for name in newproj.__all__:
        assert hasattr(newproj, name), name
