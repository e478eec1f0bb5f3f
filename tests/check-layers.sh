#!/bin/sh
# Fails when a file includes a header from a layer above its own.
# Layer 0 (src/http) is libc only; layers 0-2 never see GTK.
root=${1:-.}
status=0
bad=$(grep -nE '#include *[<"](glib|gio|gtk|adwaita|gdk)[^>"]*[>"]' "$root"/src/http/*.[ch] 2>/dev/null)
if [ -n "$bad" ]; then echo "layer 0 includes GLib/GTK:"; echo "$bad"; status=1; fi
bad=$(grep -nE '#include *[<"](gtk|adwaita|gdk)[^>"]*[>"]|#include *"pt-event-bridge\.h"|#include *"pt-(window|application)' "$root"/src/engine/*.[ch] "$root"/src/engine/include/*.h 2>/dev/null)
if [ -n "$bad" ]; then echo "layer 1 includes a higher layer:"; echo "$bad"; status=1; fi
bad=$(grep -nE '#include *[<"](gtk|adwaita|gdk)[^>"]*[>"]' "$root"/src/bridge/*.[ch] 2>/dev/null)
if [ -n "$bad" ]; then echo "layer 2 includes GTK:"; echo "$bad"; status=1; fi
bad=$(grep -nE '#include *[<"](gtk|adwaita|gdk|gio/)[^>"]*[>"]|#include *"pt-(window|application|settings|ui)' "$root"/src/options/*.[ch] "$root"/src/server/*.[ch] 2>/dev/null)
if [ -n "$bad" ]; then echo "the option table or portico-server includes GIO or GTK:"; echo "$bad"; status=1; fi
bad=$(grep -nE '#include *[<"](gtk|adwaita|gdk|gio/)[^>"]*[>"]|#include *"pt-(server|event|worker|conn|file|access-log|options|window|application|settings|ui|headless)' "$root"/src/share/*.[ch] 2>/dev/null)
if [ -n "$bad" ]; then echo "src/share (GLib and libc only) includes GIO, GTK or another layer:"; echo "$bad"; status=1; fi
bad=$(grep -lE '#include *"pt-(worker|conn|file|access-log)' "$root"/src/ui/*.[ch] "$root"/src/share/*.[ch] "$root"/src/main.c "$root"/src/options/*.[ch] "$root"/src/server/*.[ch] 2>/dev/null)
if [ -n "$bad" ]; then echo "the UI reaches into engine internals:"; echo "$bad"; status=1; fi
if [ $status -eq 0 ]; then echo "1..1"; echo "ok 1 layers"; else echo "1..1"; echo "not ok 1 layers"; fi
exit $status
