"""`manage.py train_model`: train the model again and save it where the API loads it from."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...services import model_train


class Command(BaseCommand):
    help = "Train the prediction model and save it to ML_MODEL_PATH (or --path)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, help="where to save it instead of ML_MODEL_PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        model = model_train(path=options["path"])
        accuracy = model.metrics["accuracy"]
        self.stdout.write(f"Trained {model.version} (accuracy {accuracy:.3f}).")
        self.stdout.write("Restart the server to serve it.")
