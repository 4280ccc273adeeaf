"""Generator of the demo company: plain Python, no Django.

>>> from kam.demo.generator import generate
>>> company = generate(seed=1, customers=50, order_lines=2_000)
>>> len(company.accounts), sum(1 for _ in company.order_lines())
(50, 2000)
"""

from kam.demo.generator.company import (
    DEFAULT_CUSTOMERS,
    DEFAULT_ORDER_LINES,
    DEFAULT_SEED,
    DEFAULT_USERS,
    DemoCompany,
    DemoConfig,
    generate,
)
from kam.demo.generator.records import (
    AccountRecord,
    ContactRecord,
    OrderLineRecord,
    ProductLineRecord,
    ProductRecord,
    TeamMemberRecord,
    UserRecord,
)

__all__ = [
    "DEFAULT_CUSTOMERS",
    "DEFAULT_ORDER_LINES",
    "DEFAULT_SEED",
    "DEFAULT_USERS",
    "AccountRecord",
    "ContactRecord",
    "DemoCompany",
    "DemoConfig",
    "OrderLineRecord",
    "ProductLineRecord",
    "ProductRecord",
    "TeamMemberRecord",
    "UserRecord",
    "generate",
]
