from django.apps import AppConfig


class ProductsConfig(AppConfig):
    name = "kam.products"
    label = "products"
