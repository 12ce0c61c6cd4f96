"""Where a crawl may connect: no loopback, private, link-local or metadata addresses by default.

A watchlist names public notices; a page (or a redirect, or a DNS answer) that
points the crawler at ``127.0.0.1``, a LAN address or the cloud metadata
service (``169.254.169.254``) must not be fetched. The check is made on the
*resolved* address, at connection time: the HTTP download handler below gives
Twisted's ``HostnameEndpoint`` a name resolver that drops every address that is
not globally routable, so a public name whose DNS answer changes to a private
address (DNS rebinding) is refused as well as a literal IP in a URL or a
``Location`` header. A request whose addresses were all dropped fails with
``PrivateAddressRefused``, which the spider records as ``failed: refused: ...``.

A target (or ``[settings]``) with ``allow_private_networks = true`` is fetched
as before, over a connection pool of its own, so a connection opened for an
intranet target is never reused for a guarded one. Requests through a proxy are
not checked: the proxy is the one connection made, and it was configured by the
user. ``robots.txt`` requests follow the policy of the targets on their site.

Cross-host redirects are the spider's business (``RedirectPolicyMiddleware``).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import CannotResolveHostError
from scrapy.utils._download_handlers import wrap_twisted_exceptions
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.endpoints import HostnameEndpoint, wrapClientTLS
from twisted.internet.interfaces import IHostnameResolver, IResolutionReceiver
from twisted.web.client import HTTPConnectionPool
from zope.interface import implementer

from crawler.fingerprint import TARGET_ID_META
from crawler.scrapy_http import HTTP11DownloadHandler, _ScrapyAgent
from monitor.errors import NoticewatchError

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

#: Request meta: True lets this request connect to non-public addresses.
ALLOW_PRIVATE_META = "noticewatch_allow_private"
#: Crawl setting: the default for requests that say nothing (``[settings] allow_private_networks``).
ALLOW_PRIVATE_SETTING = "NOTICEWATCH_ALLOW_PRIVATE_NETWORKS"

_METADATA = frozenset({"169.254.169.254", "fd00:ec2::254", "100.100.100.200"})


class PrivateAddressRefused(NoticewatchError):
    """Every address of the host is loopback, private, link-local or otherwise not public."""


def address_problem(host: str) -> str | None:
    """Why a connection to IP ``host`` is refused ("a loopback address" ...), or None if public."""
    try:
        ip = ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None  # not an IP: resolved later, and checked then
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if str(ip) in _METADATA:
        return "a cloud metadata address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


@implementer(IHostnameResolver)
class _PublicOnlyResolver:
    """Passes on only the public addresses ``inner`` resolves; notes the refused ones."""

    def __init__(self, inner: Any, refused: list[tuple[str, str]]) -> None:
        self._inner = inner
        self._refused = refused

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Any = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        return self._inner.resolveHostName(
            _PublicOnlyReceiver(resolutionReceiver, self._refused),
            hostName,
            portNumber,
            addressTypes,
            transportSemantics,
        )


@implementer(IResolutionReceiver)
class _PublicOnlyReceiver:
    """Hands ``inner`` the public addresses of a resolution; notes the refused ones.

    A module-level class: declaring an ``@implementer`` class per connection costs
    zope.interface about as much CPU as the rest of opening the connection.
    """

    def __init__(self, inner: Any, refused: list[tuple[str, str]]) -> None:
        self._inner = inner
        self._refused = refused

    def resolutionBegan(self, resolution: Any) -> None:
        self._inner.resolutionBegan(resolution)

    def addressResolved(self, address: Any) -> None:
        problem = address_problem(str(getattr(address, "host", "")))
        if problem:
            self._refused.append((address.host, problem))
        else:
            self._inner.addressResolved(address)

    def resolutionComplete(self) -> None:
        self._inner.resolutionComplete()


class _PublicOnlyEndpoint(HostnameEndpoint):
    def __init__(self, *args: Any, refused: list[tuple[str, str]], **kwargs: Any) -> None:
        self.refused = refused
        super().__init__(*args, **kwargs)

    def _getNameResolverAndMaybeWarn(self, reactor: object) -> Any:
        return _PublicOnlyResolver(super()._getNameResolverAndMaybeWarn(reactor), self.refused)


class _PublicOnlyEndpointFactory:
    """Twisted's standard endpoint factory (TCP, or TLS over TCP), with the public-only resolver."""

    def __init__(self, standard: Any, refused: list[tuple[str, str]]) -> None:
        self._reactor = standard._reactor
        self._policyForHTTPS = standard._policyForHTTPS
        self._connectTimeout = standard._connectTimeout
        self._bindAddress = standard._bindAddress
        self._refused = refused

    def endpointForURI(self, uri: Any) -> Any:
        kwargs: dict[str, Any] = {"bindAddress": self._bindAddress}
        if self._connectTimeout is not None:
            kwargs["timeout"] = self._connectTimeout
        endpoint = _PublicOnlyEndpoint(
            self._reactor, uri.host.decode("ascii"), uri.port, refused=self._refused, **kwargs
        )
        if uri.scheme == b"http":
            return endpoint
        creator = self._policyForHTTPS.creatorForNetloc(uri.host, uri.port)
        return wrapClientTLS(creator, endpoint)


class _PublicOnlyAgent(_ScrapyAgent):
    def __init__(self, *, refused: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._refused = refused

    def _get_agent(self, request: Request, timeout: float) -> Any:
        agent = super()._get_agent(request, timeout)
        agent._endpointFactory = _PublicOnlyEndpointFactory(agent._endpointFactory, self._refused)
        return agent


#: Crawl setting: the crawls of this process share their idle HTTP connections (the daemon,
#: whose batches follow each other to the same sites), instead of opening them anew per crawl.
SHARED_CONNECTIONS_SETTING = "NOTICEWATCH_SHARED_CONNECTIONS"
#: A shared idle connection is closed after this many seconds (Twisted's default is 240).
SHARED_IDLE_SECONDS = 60.0
#: The settings a connection is made with: crawls share connections only when they agree.
_CONNECTION_SETTINGS = (
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "NOTICEWATCH_MAX_PER_HOST",
    "DOWNLOAD_BIND_ADDRESS",
    "DOWNLOADER_CLIENTCONTEXTFACTORY",
    "DOWNLOADER_CLIENT_TLS_METHOD",
    "DOWNLOADER_CLIENT_TLS_CIPHERS",
    "DOWNLOADER_CLIENT_TLS_VERBOSE_LOGGING",
)
_shared: dict[tuple[str, ...], tuple[HTTPConnectionPool, HTTPConnectionPool]] = {}


def _shared_pools(
    crawler: Crawler, guarded: HTTPConnectionPool, private: HTTPConnectionPool
) -> tuple[HTTPConnectionPool, HTTPConnectionPool]:
    """The process's (guarded, private) pools for this crawl's connection settings.

    A new connection costs a daemon check more CPU than its 304 (Twisted's endpoint,
    resolver and protocol set-up): with a pool per crawl, every batch reconnected to
    every site. The guarded and private pools stay apart, as within one crawl.
    """
    key = tuple(repr(crawler.settings.get(name)) for name in _CONNECTION_SETTINGS)
    if key not in _shared:
        for pool in (guarded, private):
            pool.cachedConnectionTimeout = SHARED_IDLE_SECONDS
        _shared[key] = (guarded, private)
    return _shared[key]


class GuardedHTTP11DownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, refusing non-public addresses unless the request allows them."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        from twisted.internet import reactor

        # Connections to private addresses (allowed targets) never serve guarded requests.
        self._private_pool = self._pool
        # Idle connections kept per host: as many as a host may get requests in flight
        # (crawler.throttle raises a fast host's bound up to NOTICEWATCH_MAX_PER_HOST);
        # Scrapy keeps CONCURRENT_REQUESTS_PER_DOMAIN, and the rest would be reopened.
        settings = crawler.settings
        self._private_pool.maxPersistentPerHost = max(
            settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
            settings.getint("NOTICEWATCH_MAX_PER_HOST"),
        )
        self._pool = HTTPConnectionPool(reactor, persistent=True)
        self._pool.maxPersistentPerHost = self._private_pool.maxPersistentPerHost
        self._pool._factory = self._private_pool._factory
        self._shared = crawler.settings.getbool(SHARED_CONNECTIONS_SETTING)
        if self._shared:
            self._pool, self._private_pool = _shared_pools(crawler, self._pool, self._private_pool)

    async def close(self) -> None:
        if self._shared:  # the process's pools: their idle connections time out by themselves
            return
        await super().close()  # the guarded pool
        self._pool, guarded = self._private_pool, self._pool
        try:
            await super().close()
        finally:
            self._pool = guarded

    def _allows_private(self, request: Request) -> bool:
        meta = request.meta
        if meta.get("proxy"):
            return True
        if ALLOW_PRIVATE_META in meta:
            return bool(meta[ALLOW_PRIVATE_META])
        if TARGET_ID_META not in meta:  # robots.txt: the policy of the targets on that site
            parsed = urlparse_cached(request)
            lookup = getattr(self._crawler.spider, "allows_private_site", None)
            if lookup is not None:
                return bool(lookup(parsed.scheme, parsed.netloc))
        return self._crawler.settings.getbool(ALLOW_PRIVATE_SETTING)

    async def download_request(self, request: Request) -> Response:
        refused: list[tuple[str, str]] = []
        common: dict[str, Any] = {
            "contextFactory": self._contextFactory,
            "bindAddress": self._bind_address,
            "maxsize": self._default_maxsize,
            "warnsize": self._default_warnsize,
            "fail_on_dataloss": self._fail_on_dataloss,
            "crawler": self._crawler,
            "tls_verbose_logging": self._tls_verbose_logging,
        }
        if self._allows_private(request):
            agent = _ScrapyAgent(pool=self._private_pool, **common)
        else:
            agent = _PublicOnlyAgent(refused=refused, pool=self._pool, **common)
        try:
            with wrap_twisted_exceptions():
                return await maybe_deferred_to_future(agent.download_request(request))
        except CannotResolveHostError:
            if not refused:
                raise
            host = urlparse_cached(request).hostname
            address, problem = refused[0]
            where = f"{address} is" if host == address else f"{host} resolves to {address},"
            raise PrivateAddressRefused(
                f"{where} {problem} (allow_private_networks = true allows it)"
            ) from None
