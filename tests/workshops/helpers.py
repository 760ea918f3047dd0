"""Helpers the workshop tests share."""

from ..conftest import Client

BIND = "127.0.0.1:5116"
PUBLIC = "https://tamkeen.example.org"


class RoomClient(Client):
    """A browser on a participant's phone: its requests name the laptop's address."""

    base_url = f"http://{BIND}"

    def open(self, *args, **kwargs):
        if args and isinstance(args[0], str):
            kwargs.setdefault("base_url", self.base_url)
        return super().open(*args, **kwargs)

    def session_transaction(self, *args, **kwargs):
        kwargs.setdefault("base_url", self.base_url)
        return super().session_transaction(*args, **kwargs)


def room_client(app) -> RoomClient:
    app.test_client_class = RoomClient
    return app.test_client()
