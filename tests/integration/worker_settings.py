"""Settings of the Celery worker that scripts/services.sh starts for the integration suite.

The test settings (same SECRET_KEY and password hasher as the test process, so a reset token
the worker makes is valid there), except that e-mail goes where EMAIL_URL says — a directory
the tests read — instead of the in-memory outbox the test settings choose, which no other
process could see.
"""

from navpartner.settings.test import *  # noqa: F403
from navpartner.settings.test import env

EMAIL_CONFIG = env.email("EMAIL_URL")
vars().update(EMAIL_CONFIG)
