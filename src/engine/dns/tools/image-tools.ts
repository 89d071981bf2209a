/**
 * Whether an image carries an HTTP client (`curl`; `wget` noted for the report), so that
 * `kubectl exec POD -- curl` fails as containerd fails it when the binary is not there. Only
 * images whose contents svcsim has looked up are listed; any other image is assumed to have
 * curl (svcsim cannot know, and refusing would hide the network behaviour the user came for).
 *
 *  - traefik/whoami: `FROM scratch`, the whoami binary alone (traefik/whoami Dockerfile).
 *  - nginx (Debian and Alpine tags): curl since the images of 1.17.10 and 1.18.0
 *    (nginxinc/docker-nginx 87f9340, 2020-04-21, "Provide curl inside images to simplify
 *    service discovery registration"); older tags such as nginx:1.14-alpine have none.
 *  - busybox, alpine: no curl (busybox's applets only; wget is one of them).
 *  - registry.k8s.io/e2e-test-images/jessie-dnsutils: Debian base plus dnsutils only
 *    (kubernetes test/images/jessie-dnsutils/Dockerfile).
 *  - registry.k8s.io/e2e-test-images/agnhost: Alpine plus bind-tools, curl, netcat, iproute2
 *    (kubernetes test/images/agnhost/Dockerfile).
 */

/** nginx image versions from which the official images carry curl. */
const NGINX_CURL_SINCE: [number, number, number] = [1, 17, 10];

function imageRef(image: string | undefined): { repo: string; tag: string } {
  const name = (image ?? '').toLowerCase().replace(/@.*$/, '');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : 'latest';
  return { repo: colon > slash ? name.slice(0, colon) : name, tag };
}

function versionAtLeast(tag: string, min: [number, number, number]): boolean {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(tag);
  if (!m) return true; // latest, stable, mainline, alpine: current images
  // A tag without a minor or patch part (nginx:1, nginx:1.17) follows that line's newest release.
  const v = [Number(m[1]), m[2] === undefined ? Infinity : Number(m[2]), m[3] === undefined ? Infinity : Number(m[3])];
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

/** Whether `curl` is on the image's PATH. */
export function imageHasCurl(image: string | undefined): boolean {
  const { repo, tag } = imageRef(image);
  const base = repo.replace(/^.*\//, '');
  if (repo === 'traefik/whoami' || repo.endsWith('/traefik/whoami')) return false;
  if (base === 'busybox' || base === 'alpine' || base === 'jessie-dnsutils') return false;
  if (base === 'agnhost') return true;
  if (base === 'nginx') return versionAtLeast(tag, NGINX_CURL_SINCE);
  return true;
}

/**
 * Whether busybox's `wget` is on the image's PATH. Only an image known to hold no busybox is
 * refused (traefik/whoami, `FROM scratch`); any other is assumed to have it, as for curl.
 */
export function imageHasWget(image: string | undefined): boolean {
  const { repo } = imageRef(image);
  return !(repo === 'traefik/whoami' || repo.endsWith('/traefik/whoami'));
}

/**
 * The image's /bin/sh: dash on Debian-based images (nginx's default tags, jessie-dnsutils),
 * BusyBox ash on Alpine and BusyBox ones (busybox, alpine, nginx:*-alpine, curlimages/curl,
 * agnhost), none in `FROM scratch` traefik/whoami. Any other image is taken for Debian-based.
 * bash is there exactly when dash is (Debian's essential set; Alpine and BusyBox have none).
 */
export function imageShell(image: string | undefined): 'dash' | 'ash' | undefined {
  const { repo, tag } = imageRef(image);
  const base = repo.replace(/^.*\//, '');
  if (repo === 'traefik/whoami' || repo.endsWith('/traefik/whoami')) return undefined;
  if (base === 'busybox' || base === 'alpine' || base === 'agnhost' || repo === 'curlimages/curl' || repo.endsWith('/curlimages/curl')) return 'ash';
  if (tag.includes('alpine')) return 'ash';
  return 'dash';
}
