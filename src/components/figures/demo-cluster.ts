/**
 * The small cluster the "Lab views" guide (guides/components.mdx and its zh-tw twin) shows every view with:
 * two nodes on flannel VXLAN, a web Pod on node-1, a client Pod on node-2, and a ClusterIP Service for web.
 * Our own content, built at site build time and, for the terminal, in terminal/demo.worker.ts.
 *
 * Not modelled: anything a learner changes (labs have their own clusters).
 */
export const DEMO_MANIFEST = `apiVersion: v1
kind: Node
metadata: { name: node-1 }
---
apiVersion: v1
kind: Node
metadata: { name: node-2 }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: default, labels: { app: web } }
spec:
  nodeName: node-1
  containers: [{ name: nginx, ports: [{ name: http, containerPort: 8080 }] }]
---
apiVersion: v1
kind: Pod
metadata: { name: client, namespace: default }
spec:
  nodeName: node-2
  containers: [{ name: curl }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: default }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
`;

/** The trace the page follows: the client Pod connects to the web Service. */
export const DEMO_PROBE = { from: 'pod/default/client', to: 'svc/default/web:80' } as const;
