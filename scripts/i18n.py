"""Extract, update and compile the translation catalogs (Babel).

    python -m scripts.i18n update    # source → i18n/villa_desk.pot → each locale's .po
    python -m scripts.i18n compile   # .po → .mo (run by `make run` and `make test`)
    python -m scripts.i18n missing   # list zh_CN msgids without a translation
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
DOMAIN = "villa_desk"
LOCALES = ("zh_CN", "en")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def po_path(locale: str) -> Path:
    return I18N / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    template = Catalog(project="Villa Desk", charset="utf-8")
    method_map = [("app/**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, keywords=KEYWORDS, comment_tags=("i18n:",)
    ):
        if filename.startswith(("app/", "app\\")):
            template.add(message, None, [(filename, lineno)], auto_comments=comments,
                         context=context)
    return template


def update() -> None:
    template = extract()
    with open(I18N / f"{DOMAIN}.pot", "wb") as fh:
        write_po(fh, template, omit_header=False, sort_output=True, width=100)
    for locale in LOCALES:
        path = po_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with open(path, "rb") as fh:
                catalog = read_po(fh, locale=locale)
        else:
            catalog = Catalog(locale=locale, project="Villa Desk", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with open(path, "wb") as fh:
            write_po(fh, catalog, sort_output=True, width=100, ignore_obsolete=True)
    print(f"{len(template)} messages extracted")


def compile_all() -> None:
    for locale in LOCALES:
        path = po_path(locale)
        if not path.exists():
            continue
        with open(path, "rb") as fh:
            catalog = read_po(fh, locale=locale)
        with open(path.with_suffix(".mo"), "wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)


def missing(locale: str = "zh_CN") -> list[str]:
    with open(po_path(locale), "rb") as fh:
        catalog = read_po(fh, locale=locale)
    return [m.id if isinstance(m.id, str) else m.id[0] for m in catalog
            if m.id and not is_translated(m.string)]


def is_translated(string: str | tuple[str, ...]) -> bool:
    """A plural message is translated only when every plural form is."""
    if isinstance(string, tuple):
        return bool(string) and all(string)
    return bool(string)


def merge_tsv(tsv: Path, locale: str = "zh_CN") -> int:
    """Fill translations from ``english<TAB>中文`` lines (used when merging work)."""
    pairs = {}
    for line in tsv.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            en, zh = line.split("\t", 1)
            pairs[en.replace("\\n", "\n")] = zh.replace("\\n", "\n")
    path = po_path(locale)
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=locale)
    filled = 0
    for message in catalog:
        if not message.id or is_translated(message.string):
            continue
        if isinstance(message.id, tuple):
            # zh_CN has one plural form: the singular's translation serves every count.
            if message.id[0] in pairs:
                message.string = (pairs[message.id[0]],) * catalog.num_plurals
                filled += 1
        elif message.id in pairs:
            message.string = pairs[message.id]
            filled += 1
    with open(path, "wb") as fh:
        write_po(fh, catalog, sort_output=True, width=100, ignore_obsolete=True)
    return filled


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "missing":
        for message in missing():
            print(message.replace("\n", "\\n"))
    elif command == "merge":
        for tsv in argv[1:]:
            print(tsv, merge_tsv(Path(tsv)))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
