/**
 * minikube's Ingress tutorial typed into our shell: `minikube addons enable ingress` waits for the
 * controller as minikube does, the ADDRESS fills at the controller's next status sync, and curl
 * reaches the apps through the node's port 80 by Host header (`--resolve` or `-H`).
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/cluster';
import { inputOf, newShell, transcript } from './helpers';

const EXPECTED = `$ minikube addons enable ingress
💡  ingress is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.
You can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS
    ▪ Using image registry.k8s.io/ingress-nginx/controller:v1.11.3
    ▪ Using image registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4
    ▪ Using image registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4
🔎  Verifying ingress addon...
🌟  The 'ingress' addon is enabled
$ kubectl get pods -n ingress-nginx
NAME                                        READY   STATUS      RESTARTS   AGE
ingress-nginx-admission-create-kzc2w        0/1     Completed   0          20s
ingress-nginx-admission-patch-4bnjc         0/1     Completed   0          20s
ingress-nginx-controller-7c66cc986f-lrg7g   1/1     Running     0          20s
$ kubectl create deployment web --image=gcr.io/google-samples/hello-app:1.0
deployment.apps/web created
$ kubectl expose deployment web --type=NodePort --port=8080
service/web exposed
$ kubectl create deployment web2 --image=gcr.io/google-samples/hello-app:2.0
deployment.apps/web2 created
$ kubectl expose deployment web2 --port=8080 --type=NodePort
service/web2 exposed
$ cat > example-ingress.yaml <<'YAML'
> apiVersion: networking.k8s.io/v1
> kind: Ingress
> metadata:
>   name: example-ingress
> spec:
>   ingressClassName: nginx
>   rules:
>     - host: hello-world.example
>       http:
>         paths:
>           - path: /
>             pathType: Prefix
>             backend:
>               service:
>                 name: web
>                 port:
>                   number: 8080
>           - path: /v2
>             pathType: Prefix
>             backend:
>               service:
>                 name: web2
>                 port:
>                   number: 8080
> YAML
$ kubectl apply -f example-ingress.yaml
ingress.networking.k8s.io/example-ingress created
$ kubectl get ingress
NAME              CLASS   HOSTS                 ADDRESS   PORTS   AGE
example-ingress   nginx   hello-world.example             80      0s
$ sleep 60
$ kubectl get ingress
NAME              CLASS   HOSTS                 ADDRESS        PORTS   AGE
example-ingress   nginx   hello-world.example   192.168.49.2   80      60s
$ curl --resolve "hello-world.example:80:$(minikube ip)" -i http://hello-world.example
HTTP/1.1 200 OK\r
Content-Type: text/plain; charset=utf-8\r
Server: nginx\r
Content-Length: 60\r
\r
Hello, world!
Version: 1.0.0
Hostname: web-59459c4966-p7zt2
$ curl -H 'Host: hello-world.example' http://192.168.49.2/v2
Hello, world!
Version: 2.0.0
Hostname: web2-7b7f5fb76c-q4bg7
$ curl http://$(minikube ip)/
<html>\r
<head><title>404 Not Found</title></head>\r
<body>\r
<center><h1>404 Not Found</h1></center>\r
<hr><center>nginx</center>\r
</body>\r
</html>\r
$ minikube addons disable ingress
🌑  "The 'ingress' addon is disabled
$ kubectl get ns ingress-nginx
NAME            STATUS        AGE
ingress-nginx   Terminating   80s
$ curl http://192.168.49.2/
curl: (7) Failed to connect to 192.168.49.2 port 80 after 0 ms: Couldn't connect to server
`;

describe('minikube ingress add-on in the shell', () => {
  it('follows the Ingress tutorial', async () => {
    const shell = newShell({}, createCluster());
    expect(await transcript(inputOf(EXPECTED), shell)).toBe(EXPECTED);
  });

  it('lists the add-on as enabled', async () => {
    const shell = newShell({}, createCluster());
    const out = await transcript(
      'minikube addons enable ingress > /dev/null\nminikube addons list | grep "| ingress "',
      shell,
    );
    expect(out).toContain(
      '| ingress                     | minikube | enabled ✅ | Kubernetes                     |',
    );
  });
});
