#!/usr/bin/env bash
# Fail when a translatable string has no English translation (or only a fuzzy one).
# Runs makemessages on a scratch copy of the catalogue and restores the committed one.
set -euo pipefail
cd "$(dirname "$0")/.."
PO=locale/en/LC_MESSAGES/django.po
backup=$(mktemp)
cp "$PO" "$backup"
trap 'cp "$backup" "$PO"; rm -f "$backup"' EXIT
.venv/bin/python manage.py makemessages --settings chuangwen.test_settings -l en --no-obsolete --add-location file -i 'static/*' -i '.venv/*' -i 'var/*' >/dev/null
untranslated=$(msgattrib --untranslated --no-obsolete "$PO" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$PO" | grep -c '^msgid ' || true)
# msgattrib prints the header entry (msgid "") when anything else is printed.
if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
  echo "English catalogue incomplete: untranslated or fuzzy entries:" >&2
  msgattrib --untranslated --no-obsolete "$PO" | grep -A1 '^msgid ' | grep -v '^msgid ""$' | head -40 >&2
  msgattrib --only-fuzzy --no-obsolete "$PO" | grep -A1 '^msgid ' | head -20 >&2
  exit 1
fi
echo "English catalogue complete."
