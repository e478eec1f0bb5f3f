#!/bin/sh
# Every language in po/LINGUAS has a .po that passes `msgfmt --check`, with
# no untranslated or fuzzy message.  TAP output.
podir=${1:?usage: check-po.sh PODIR}
langs=$(grep -v '^#' "$podir/LINGUAS" | tr -s ' \n' '  ')
n=0
for lang in $langs; do n=$((n + 1)); done
if [ "$n" -eq 0 ]; then
  echo "1..1"; echo "not ok 1 po/LINGUAS lists no language"; exit 1
fi
echo "1..$n"
i=0
status=0
for lang in $langs; do
  i=$((i + 1))
  po="$podir/$lang.po"
  if [ ! -f "$po" ]; then
    echo "not ok $i $lang: $po missing"; status=1; continue
  fi
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "not ok $i $lang: msgfmt --check failed"; echo "$stats" | sed 's/^/# /'; status=1
  elif echo "$stats" | grep -qE 'untranslated|fuzzy'; then
    echo "not ok $i $lang: incomplete: $stats"; status=1
  else
    echo "ok $i $lang: $stats"
  fi
done
exit $status
