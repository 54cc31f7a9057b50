# shellcheck shell=bash disable=SC2034
# Pinned versions of the offline Kubernetes manifest checks (tests/deploy_k8s), read by
# deploy/local/install-deps, build-schemas and check-manifests. Sourced, not run.
K8S_KUSTOMIZE_MODULE=sigs.k8s.io/kustomize/kustomize/v5
K8S_KUSTOMIZE_VERSION=v5.5.0
K8S_KUBECONFORM_MODULE=github.com/yannh/kubeconform
K8S_KUBECONFORM_VERSION=v0.6.7
# The Kubernetes version whose built-in schemas the manifests are checked against
# (kubernetes-validate's bundled <version>-local-strict; the PyPI package is pinned in
# deploy/local/python-tools.txt).
K8S_SCHEMA_KUBERNETES=v1.31.0
K8S_STRIMZI_VERSION=0.45.0 # also in strimzi-crd-pom.xml
K8S_CNPG_MODULE=github.com/cloudnative-pg/cloudnative-pg
K8S_CNPG_VERSION=v1.25.1
