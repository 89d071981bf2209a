/**
 * Which DNS tools an image has, and in which version (what `kubectl exec POD -- nslookup` runs).
 * nginx:1.14-alpine and other Alpine <= 3.8 images carry busybox 1.28 on musl; Alpine 3.9+ and
 * busybox 1.29+ have the rewritten nslookup; busybox:1.28 (the image of the Kubernetes DNS
 * debugging page of its time) is busybox 1.28 on glibc; dnsutils-style images have bind's tools.
 */
import type { Libc } from '../resolver.ts';

export type DnsFlavor =
  /**
   * `verboseErrors`: CONFIG_VERBOSE_RESOLUTION_ERRORS, the `: gai_strerror` after `can't resolve
   * 'X'` (networking/nslookup.c 1_28_4). Its Kconfig default is n (networking/Config.src), which
   * the docker-library busybox images keep (`make defconfig`); Alpine's busybox config turns it on.
   */
  | { nslookup: 'busybox-old'; libc: Libc; dig: false; getent: boolean; verboseErrors: boolean }
  | { nslookup: 'busybox'; libc: Libc; dig: false; getent: boolean }
  | { nslookup: 'bind'; libc: 'glibc'; dig: true; getent: true }
  | { nslookup: 'none'; libc: Libc; dig: false; getent: boolean };

/** Alpine release of the nginx:X.Y-alpine tags svcsim knows (docker-library/nginx history). */
const NGINX_ALPINE: Record<string, [number, number]> = { '1.14': [3, 8], '1.15': [3, 8], '1.16': [3, 10], '1.17': [3, 10], '1.18': [3, 11], '1.19': [3, 13] };

export function imageDnsFlavor(image: string | undefined): DnsFlavor {
  const ref = (image ?? '').toLowerCase();
  const name = ref.replace(/^.*\//, '').replace(/@.*$/, '');
  const [repo, tag = 'latest'] = name.split(':');
  if (/dnsutils|netshoot|bind|dnstools|network-multitool|toolbox|ubuntu-dns/.test(repo)) return { nslookup: 'bind', libc: 'glibc', dig: true, getent: true };
  if (repo === 'busybox') {
    const v = /^(\d+)\.(\d+)/.exec(tag);
    const old = v ? Number(v[1]) === 1 && Number(v[2]) <= 28 : false;
    const libc: Libc = tag.includes('musl') ? 'musl' : 'glibc';
    // busybox images have no getent applet.
    return old ? { nslookup: 'busybox-old', libc, dig: false, getent: false, verboseErrors: false } : { nslookup: 'busybox', libc, dig: false, getent: false };
  }
  if (repo === 'alpine') {
    const v = /^(\d+)\.(\d+)/.exec(tag);
    const old = v ? Number(v[1]) < 3 || (Number(v[1]) === 3 && Number(v[2]) <= 8) : false;
    return old ? { nslookup: 'busybox-old', libc: 'musl', dig: false, getent: true, verboseErrors: true } : { nslookup: 'busybox', libc: 'musl', dig: false, getent: true };
  }
  if (tag.includes('alpine')) {
    const m = /^(\d+\.\d+)/.exec(tag);
    const explicit = /alpine(\d+)\.(\d+)/.exec(tag);
    const alpine = explicit ? [Number(explicit[1]), Number(explicit[2])] : repo === 'nginx' && m ? NGINX_ALPINE[m[1]] : undefined;
    const old = !!alpine && (alpine[0] < 3 || (alpine[0] === 3 && alpine[1] <= 8));
    return old ? { nslookup: 'busybox-old', libc: 'musl', dig: false, getent: true, verboseErrors: true } : { nslookup: 'busybox', libc: 'musl', dig: false, getent: true };
  }
  // Debian/Ubuntu-based images (nginx, httpd, node, ...) ship no nslookup or dig, but glibc's getent.
  return { nslookup: 'none', libc: 'glibc', dig: false, getent: true };
}
