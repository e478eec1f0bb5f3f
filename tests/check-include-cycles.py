#!/usr/bin/env python3
# Fails when, inside layer 0 or layer 1, a file includes (directly or through
# other headers) the header of a file that includes its own header back:
# a.c -> b.h while b.c -> a.h.  A header belongs to the .c of the same name;
# a *-private.h (a struct shared by a family of files, no functions) to none.
import glob
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else '.'
dirs = ('src/http', 'src/engine', 'src/engine/include')
files = {}
for d in dirs:
    for path in glob.glob(os.path.join(root, d, '*.[ch]')):
        with open(path, encoding='utf-8') as f:
            files[os.path.basename(path)] = f.read()
includes = {name: set(re.findall(r'#include "([^"]+)"', text)) for name, text in files.items()}


def closure(name):
    seen = set()
    todo = [name]
    while todo:
        for h in includes.get(todo.pop(), ()):
            if h in files and h not in seen:
                seen.add(h)
                todo.append(h)
    return seen


def owner(header):
    base = header[:-2]
    if base.endswith('-private'):
        return None
    return base + '.c' if base + '.c' in files else None


circles = []
for name in sorted(files):
    if not name.endswith('.c'):
        continue
    for header in sorted(closure(name)):
        other = owner(header)
        if other is None or other == name:
            continue
        back = [h for h in closure(other) if owner(h) == name]
        if back:
            circles.append('%s -> %s, but %s -> %s' % (name, header, other, back[0]))

print('1..1')
if circles:
    for c in circles:
        print('# include circle: ' + c)
    print('not ok 1 include circles')
    sys.exit(1)
print('ok 1 no include circles in layers 0 and 1')
