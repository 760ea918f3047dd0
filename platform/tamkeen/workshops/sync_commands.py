from click import Group


def register_sync_commands(group: Group) -> None:
    pass
