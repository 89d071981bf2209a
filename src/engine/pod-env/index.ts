/** The Service environment variables the kubelet injects, and `env` inside a container. */
export { fromServices, serviceEnv, servicesAt, servicesForPod } from './service-env.ts';
export { containerEnv, imageEnv, podEnv } from './container-env.ts';
