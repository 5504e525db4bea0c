from django.urls import path

from .api import ModelInfoView, PredictBatchView, PredictView

urlpatterns = [
    path("predict/", PredictView.as_view(), name="ml-predict"),
    path("predict/batch/", PredictBatchView.as_view(), name="ml-predict-batch"),
    path("model/", ModelInfoView.as_view(), name="ml-model"),
]
