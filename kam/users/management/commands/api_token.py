"""``kam api_token USERNAME [--rotate|--revoke]``: the API token of a user, for integrations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kam.users.models import User
from kam.users.services import api_token_get, api_token_revoke, api_token_rotate


class Command(BaseCommand):
    help = (
        "Print the REST API token of a user (created on first use). Send it as 'Authorization: Token <key>'. "
        "--rotate replaces it with a new key, --revoke deletes it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the user the token authenticates as")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--rotate", action="store_true", help="replace the token; the old key stops working")
        group.add_argument("--revoke", action="store_true", help="delete the token; API access ends")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"No user with the username {options['username']!r}.") from exc
        if options["revoke"]:
            if api_token_revoke(user=user):
                self.stdout.write(f"Revoked the API token of {user.username}.")
            else:
                self.stdout.write(f"{user.username} had no API token.")
            return
        if not user.is_active:
            raise CommandError(f"User {user.username!r} is inactive; an inactive user's token is refused.")
        key = api_token_rotate(user=user) if options["rotate"] else api_token_get(user=user)
        self.stdout.write(key)
