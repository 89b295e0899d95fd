# Varnish in front of Newsroom (make cdn): keeps the public answers for their
# s-maxage, tags each with the dependency keys the app sends in Surrogate-Key
# (vmod xkey, Debian's varnish-modules) and drops exactly those tagged with a
# key when the app purges it (articles/purging.py VarnishPurger:
# PURGE / with "xkey-purge: article:42 list:home").
vcl 4.1;

import std;
import xkey;

# make cdn and the tests write the app server's port here.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys in xkey-purge"));
        }
        set req.http.n-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in desk staff and API clients with a token get private answers.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    if (req.url ~ "^/admin/") {
        return (pass);
    }
    # Anonymous readers: other cookies (analytics, csrftoken) change nothing.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # A purged key is gone at once; grace only covers a slow or down origin.
    set beresp.grace = 60s;
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
}
