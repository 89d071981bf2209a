import { describe, expect, it } from 'vitest';
import { imageHasCurl } from './image-tools.ts';

describe('curl by image', () => {
  it('images without it: scratch whoami, busybox, alpine, jessie-dnsutils, nginx before 1.17.10', () => {
    for (const image of ['traefik/whoami', 'traefik/whoami:v1.10', 'docker.io/traefik/whoami:latest', 'busybox:1.36', 'busybox', 'alpine:3.20', 'registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3', 'nginx:1.14-alpine', 'nginx:1.16', 'nginx:1.17.9-alpine']) {
      expect([image, imageHasCurl(image)]).toEqual([image, false]);
    }
  });
  it('images with it: nginx from 1.17.10 and 1.18 (Debian and Alpine), untagged nginx, agnhost, and any image svcsim does not know', () => {
    for (const image of ['nginx:1.27', 'nginx:1.17.10', 'nginx:1.17', 'nginx:1.18-alpine', 'nginx', 'nginx:alpine', 'nginx:1', 'registry.k8s.io/e2e-test-images/agnhost:2.53', 'kubeguide/tomcat-app:v1', 'nicolaka/netshoot']) {
      expect([image, imageHasCurl(image)]).toEqual([image, true]);
    }
  });
});
