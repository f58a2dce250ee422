"""``kaoping demo``: Jiangsu's 2015 survey campaign with realistic data and one account per role.

Idempotent: values are saved through the normal services (nothing changes, so nothing is
audited, when the demo runs again); accounts and list rows are created only when missing.
"""

from kaoping.demo.build import DEMO_CAMPAIGN, DEMO_PASSWORD, DemoResult, build_demo, ensure_user

__all__ = ["DEMO_CAMPAIGN", "DEMO_PASSWORD", "DemoResult", "build_demo", "ensure_user"]
