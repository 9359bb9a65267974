"""Every model of every Teilhabe app says in its docstring what it is in the office's words
(the German term of the glossary, with the code name where they differ)."""

from django.apps import apps


def teilhabe_models() -> list[type]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("teilhabe.")
        for model in config.get_models()
        if not model.__name__.startswith("Historical")  # made by django-simple-history
    ]


def test_every_model_has_its_own_docstring() -> None:
    models = teilhabe_models()
    assert len(models) > 30
    # Django writes "Name(id, field, …)" into __doc__ when the class has none of its own.
    undocumented = [m.__name__ for m in models if (m.__doc__ or "").startswith(f"{m.__name__}(")]
    assert undocumented == []
