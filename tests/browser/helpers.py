"""Signing in to the admin in a browser tab, shared by the editors' browser tests."""

PASSWORD = "a-long-editor-password"


def log_in(tab):
    tab.goto("/admin/login/")
    tab.page.get_by_label("Username").fill("editor")
    tab.page.get_by_label("Password").fill(PASSWORD)
    tab.page.get_by_role("button", name="Sign in").click()
    tab.page.wait_for_url("**/admin/")
