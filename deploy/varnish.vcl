vcl 4.1;

# Varnish in front of the site's gunicorn servers (docs/operations.md, Production: Front cache).
#
# The site says what may be kept: only answers with s-maxage (public pages, IATI files,
# public uploads), for at most that long; they name what they were rendered from in
# X-Page-Items, and every content change bans the answers that name one of its items
# (website/front_cache.py, from the servers' FRONT_CACHE_URLS). Everything else (404s,
# the admin, previews, share links, logged-in visitors, forms) passes straight through.
#
# Replace the backend with your servers (or a director over several).


backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 1s;
    .first_byte_timeout = 5s;
    .between_bytes_timeout = 5s;
}

# Who may ban: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (!req.http.X-Ban-Expression) {
            return (synth(400, "No X-Ban-Expression"));
        }
        ban(req.http.X-Ban-Expression);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The back office, previews, share links, language switching and health checks are
    # never answered from here.
    if (req.url ~ "^/(admin|preview|i18n|healthz)(/|$|\?)") {
        return (pass);
    }
    # Someone logged in (or with a message waiting) gets a page of their own.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Other cookies change nothing the public pages show.
    unset req.http.Cookie;
    unset req.http.Authorization;
    return (hash);
}

sub vcl_backend_response {
    # Kept only what the site allows a shared cache to keep, and only as long as it says:
    # an answer without s-maxage (a 404, a private page) is never stored.
    if (bereq.url ~ "^/static/" && beresp.status == 200) {
        # Hashed names: the content of a name never changes.
        return (deliver);
    }
    if (beresp.http.Cache-Control !~ "s-maxage=[1-9]" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # No grace: a page that was taken down is never served after its ban or its time.
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    # Bans match on it; visitors need not see it.
    unset resp.http.X-Page-Items;
    if (obj.hits > 0) {
        set resp.http.X-Front-Cache = "hit";
    } else {
        set resp.http.X-Front-Cache = "miss";
    }
}
