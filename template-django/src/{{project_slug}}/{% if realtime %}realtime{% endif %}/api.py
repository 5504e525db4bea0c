"""The rooms' REST API: send a message into a room from any HTTP client or server-side code."""

from typing import cast

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..core.serializers import StrictCharField
from ..users.models import User
from . import services
from .messages import MAX_TEXT_CHARS, NOT_BLANK, Message


class RoomsUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The rooms are unavailable; retry later"
    default_code = "rooms_unavailable"


class MessageCreateSerializer(serializers.Serializer[Message]):
    text = StrictCharField(
        max_length=MAX_TEXT_CHARS,
        validators=[RegexValidator(NOT_BLANK, "This field may not be blank.")],
    )


class MessageSerializer(serializers.Serializer[Message]):
    room = serializers.CharField()
    user = serializers.EmailField()
    text = serializers.CharField()
    sent_at = serializers.DateTimeField()


class MessageCreateView(APIView):
    """Send a message to everyone connected to the room's websocket, in every process."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(request=MessageCreateSerializer, responses={202: MessageSerializer})
    def post(self, request: Request, room: str) -> Response:
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            message = services.message_send_sync(
                room=room, user=cast(User, request.user), text=serializer.validated_data["text"]
            )
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            raise RoomsUnavailable from error
        return Response(message, status=status.HTTP_202_ACCEPTED)
