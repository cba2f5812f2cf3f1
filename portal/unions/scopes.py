"""Setting what a union representative covers (their scope), for the coordinator's page and the CLI."""
from ..models import UnionScope


def set_scope(user, organisations=(), sectors=()):
    """Replace the representative's scope with these organisations and sectors. The caller commits."""
    user.union_scopes = [UnionScope(organisation=organisation) for organisation in organisations] + [
        UnionScope(sector=sector) for sector in sectors
    ]
