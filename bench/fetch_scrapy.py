"""Scrapy peer for bench/fetch.sh: crawl the generated site's sitemap with the same
concurrency as newsmill-fetch, count pages, print pages/s on one line.

usage: python fetch_scrapy.py SITEMAP_URL CONCURRENCY
"""
import sys
import time

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.spiders import SitemapSpider


class BenchSpider(SitemapSpider):
    name = "bench"

    def __init__(self, sitemap, **kw):
        super().__init__(**kw)
        self.sitemap_urls = [sitemap]
        self.pages = 0
        self.bytes = 0
        self.started = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.opened, signal=scrapy.signals.spider_opened)
        return spider

    def opened(self, spider):
        self.started = time.monotonic()

    def parse(self, response):
        self.pages += 1
        self.bytes += len(response.body)

    def closed(self, reason):
        secs = time.monotonic() - self.started
        print(
            f"scrapy pages={self.pages} bytes={self.bytes} secs={secs:.2f} "
            f"pages_per_s={self.pages / secs:.0f}",
            flush=True,
        )


def main():
    sitemap, concurrency = sys.argv[1], int(sys.argv[2])
    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "ROBOTSTXT_OBEY": True,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "HTTPCACHE_ENABLED": False,
            "RETRY_ENABLED": True,
            "LOG_LEVEL": "WARNING",
            "USER_AGENT": "scrapy-bench",
        }
    )
    process.crawl(BenchSpider, sitemap=sitemap)
    process.start()


if __name__ == "__main__":
    main()
