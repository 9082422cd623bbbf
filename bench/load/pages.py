"""What the load test's simulated administrator reads from the app's HTML (standard library
only, so the tests can check it against the real templates): the tree's expand buttons
(`hx-get="/trae/<SOR-kode>/"`), the units' links (`href="/enhed/<SOR-kode>/"`), whether the
details offer Rediger OE, and the fields of the first form with their values, as a browser
would post them."""

from html.parser import HTMLParser


class Page(HTMLParser):
    """The tree's expand buttons, the units' links, and the inputs of the first form."""

    def __init__(self):
        super().__init__()
        self.expand, self.units, self.edit_link = [], [], False
        self.fields, self._textarea, self._in_form = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        get = a.get("hx-get") or ""
        if get.startswith("/trae/"):
            self.expand.append(get.split("/")[2])
        href = a.get("href") or ""
        if href.startswith("/enhed/"):
            parts = href.split("?")[0].strip("/").split("/")
            if len(parts) == 2:
                self.units.append(parts[1])
            elif parts[2:] == ["rediger"]:
                self.edit_link = True
        if tag == "form" and self._in_form is None:
            self._in_form = True
        if not self._in_form or "name" not in a:
            return
        if tag == "input":
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields[a["name"]] = a.get("value") or ("on" if a.get("type") == "checkbox" else "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form = False


def parse(html: str) -> "Page":
    links = Page()
    links.feed(html)
    return links
