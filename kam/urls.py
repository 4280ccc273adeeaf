from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from kam.core.api_urls import urlpatterns as api_urlpatterns

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="accounts:list", permanent=False), name="home"),
    path("", include("kam.users.urls")),
    path("accounts/", include("kam.accounts.urls")),
    path("contacts/", include("kam.contacts.urls")),
    path("products/", include("kam.products.urls")),
    path("orders/", include("kam.orders.urls")),
    path("portfolio/", include("kam.portfolio.urls")),
    path("plans/", include("kam.plans.urls")),
    path("activities/", include("kam.activities.urls")),
    path("tasks/", include("kam.tasks.urls")),
    path("imports/", include("kam.imports.urls")),
    path("notifications/", include("kam.notifications.urls")),
    path("calendar/", include("kam.calendars.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_urlpatterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
