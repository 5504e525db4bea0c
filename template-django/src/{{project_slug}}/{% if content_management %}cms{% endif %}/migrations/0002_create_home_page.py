"""The site's home page, in place of the placeholder page Wagtail's own migrations create, and
the default site serving it. No account is created: editors are the project's staff users."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create_home_page(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("cms", "HomePage")

    # In the locale of the tree's root, which Wagtail's migrations created from LANGUAGE_CODE.
    locale_id = Page.objects.get(depth=1).locale_id
    # Wagtail's placeholder page (its site goes with it).
    Page.objects.filter(
        content_type=ContentType.objects.get_for_model(Page), slug="home", depth=2
    ).delete()
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=ContentType.objects.get_for_model(HomePage),
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale_id,
        intro="<p>Welcome. Editors write and publish the articles below in the editor.</p>",
    )
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


def remove_home_page(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # The site and the articles under the page go with it.
    HomePage = apps.get_model("cms", "HomePage")
    HomePage.objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
