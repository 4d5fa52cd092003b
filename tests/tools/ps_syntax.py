"""Parses PowerShell files with the tree-sitter PowerShell grammar and prints every syntax error.

Used by tests/collector.rs because PowerShell itself cannot be installed on the test machines:
the grammar is not PowerShell's own parser, but it catches a generated script that does not
parse. Exit status: 0 no error, 1 syntax errors, 3 the grammar is not installed
(python3 -m pip install tree-sitter tree-sitter-powershell).
"""

import sys

try:
    import tree_sitter_powershell
    from tree_sitter import Language, Parser
except ImportError as e:
    print(f"cannot import the tree-sitter PowerShell grammar: {e}", file=sys.stderr)
    sys.exit(3)


def errors(path):
    src = open(path, "rb").read()
    if src.startswith(b"\xef\xbb\xbf"):
        src = src[3:]
    lines = src.split(b"\n")
    stack = [Parser(Language(tree_sitter_powershell.language())).parse(src).root_node]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            row, col = node.start_point
            what = f"missing {node.type!r}" if node.is_missing else "syntax error"
            yield f"{path}:{row + 1}:{col + 1}: {what}: {lines[row].decode(errors='replace').strip()[:200]}"
        stack.extend(reversed(node.children))


found = [e for path in sys.argv[1:] for e in errors(path)]
print("\n".join(found))
sys.exit(1 if found else 0)
