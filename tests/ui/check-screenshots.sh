#!/bin/sh
# Every screenshot URL in the metainfo names a file of this repository
# (raw.githubusercontent.com/portico/portico/main/PATH → SRCDIR/PATH).  TAP.
src=${1:?usage: check-screenshots.sh SOURCE_ROOT}
prefix=https://raw.githubusercontent.com/portico/portico/main/
metainfo="$src/data/io.github.portico.Portico.metainfo.xml.in"
urls=$(sed -n 's:.*<image[^>]*>\(.*\)</image>.*:\1:p' "$metainfo")
n=$(printf '%s\n' "$urls" | grep -c .)
if [ "$n" -eq 0 ]; then
  echo "1..1"; echo "not ok 1 no <image> in $metainfo"; exit 1
fi
echo "1..$n"
i=0
status=0
for url in $urls; do
  i=$((i + 1))
  case $url in
    "$prefix"*) path=${url#"$prefix"} ;;
    *) echo "not ok $i $url is not under $prefix"; status=1; continue ;;
  esac
  if [ -s "$src/$path" ]; then
    echo "ok $i $path"
  else
    echo "not ok $i $path: no such file in the repository"; status=1
  fi
done
exit $status
