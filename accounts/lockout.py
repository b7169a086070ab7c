"""Login throttling: django-axes' database handler, with a second, larger limit per address.

Axes counts failures for each of AXES_LOCKOUT_PARAMETERS, here one username at one address
and one address whatever the usernames, and locks out once any count reaches its one
AXES_FAILURE_LIMIT. One limit for both would lock a newsroom behind one address out after
five typos among all its journalists, so the address's count is put on the pair's scale:
AXES_ADDRESS_FAILURE_LIMIT failures from one address (password spraying: one password
tried on many usernames) count as AXES_FAILURE_LIMIT.

A successful login clears that username's failures at that address only: logging in to
one's own account does not wipe what the address tried on the others.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class DeskLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        # In the order of settings.AXES_LOCKOUT_PARAMETERS: the pair, then the address.
        pair, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit, address_limit = settings.AXES_FAILURE_LIMIT, settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(pair, address * limit // address_limit)

    def reset_user_attempts(self, request, credentials=None) -> int:
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count
