"""The importer in the Wagtail admin: "Import posts", for people allowed to import."""

from django.contrib.auth.models import Permission
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from importer.admin_import import urls
from importer.admin_import.views import PERMISSION


class ImportPostsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class ImportPostsViewSet(ViewSet):
    name = "import_posts"
    url_prefix = "import-posts"
    icon = "upload"
    menu_label = "Import posts"
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = ImportPostsMenuItem

    def get_urlpatterns(self):
        return urls.urlpatterns


@hooks.register("register_admin_viewset")
def register_import_posts():
    return ImportPostsViewSet()


@hooks.register("register_permissions")
def import_permissions():
    # Listed on the group editing page, so administrators can give it to other groups.
    return Permission.objects.filter(content_type__app_label="importer", codename="run_import")
