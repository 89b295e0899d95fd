"""Hostile input for the fuzz tests: values that have broken web apps, from
the OWASP cheat sheets and from our own database's limits."""

# Query-string values: NUL bytes, huge and odd numbers, bad dates, markup,
# SQL, path tricks, unusual Unicode.
HOSTILE_VALUES = [
    "\x00",
    "peru\x00",
    "a" * 10_000,
    "0",
    "-1",
    "999999",
    "99999999999999999999999999999999",
    "1e309",
    "2025-13-45",
    "2025-02-30T25:61:61",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "1; DROP TABLE articles_article; --",
    "%",
    "../../etc/passwd",
    "\u202e\ufeff😀",
]

# Raw query strings the test client would otherwise encode for us: broken
# percent escapes and bytes that are not UTF-8 (a lone surrogate).
RAW_VALUES = ["%ED%A0%80", "%FF%FE", "%", "%0", "%E2%82"]

# XSS payloads from the OWASP XSS Filter Evasion Cheat Sheet (a representative
# selection), for the fields editors write.
XSS_PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099'
    "&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101"
    "&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039"
    '&#0000041">',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;'
    '&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;">x</a>',
    "<a href=\"jav&#x09;ascript:alert('XSS');\">x</a>",
    "<a href=\" &#14;  javascript:alert('XSS');\">x</a>",
    '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=//xss.example/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    '<svg/onload=alert("XSS")>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE>"
    "<UL><LI>XSS</br>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html">'
    "</OBJECT>",
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cu'
    'dzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<details open ontoggle="alert(1)">',
    "<base href=\"javascript:alert('XSS');//\">",
    '<p title="</p><script>alert(1)</script>">x</p>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
]
