"""The REST API under /api/v1/: every app registers its viewsets on one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from kam.accounts import api as accounts_api
from kam.activities import api as activities_api
from kam.contacts import api as contacts_api
from kam.orders import api as orders_api
from kam.plans import api as plans_api
from kam.portfolio import api as portfolio_api
from kam.products import api as products_api
from kam.tasks import api as tasks_api
from kam.users import api as users_api

router = DefaultRouter()
for module in (
    accounts_api,
    contacts_api,
    products_api,
    orders_api,
    portfolio_api,
    plans_api,
    activities_api,
    tasks_api,
    users_api,
):
    module.register(router)

urlpatterns = [path("", include(router.urls))]
