#!/usr/bin/python3
"""Validate HOT templates with OpenStack Heat's own engine, offline.

Reads a JSON list on stdin, one case per element:
  {"name": str, "template": str (YAML), "files": {name: str (YAML)}, "parameters": {name: value}}
and writes a JSON list on stdout: {"name": str, "ok": bool, "error": str}.

Heat starts slowly (a few seconds of imports), so one process validates every
case. Two checks need a live cloud and are switched off: the service catalog
lookup for each resource type (Resource._validate_service_availability) and
the custom constraints that ask Glance, Nova and Neutron whether an image,
flavour, key or network exists (CustomConstraint.validate). Everything else
is Heat's: the template version and sections, parameter types and
constraints (range, modulo) against the given values, resource types,
properties and their types, intrinsic functions and the references they make,
conditions, outputs, and the nested template a group is made of.

Needs Debian's python3-heat (apt-get install python3-heat).
"""
import json
import logging
import sys
import warnings


def main():
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    cases = json.load(sys.stdin)

    from oslo_config import cfg
    cfg.CONF([], project="heat")

    from heat.common import context as heat_context
    from heat.common import template_format
    from heat.engine import constraints, environment, resource, resources, stack, template

    resources.initialise()
    # The two checks that need a live cloud (see the docstring).
    resource.Resource._validate_service_availability = classmethod(lambda cls, context, resource_type: None)
    constraints.CustomConstraint.validate = lambda self, value, schema=None, context=None: True

    ctx = heat_context.get_admin_context()
    counter = [0]
    GROUPS = {"OS::Heat::AutoScalingGroup": "resource", "OS::Heat::ResourceGroup": "resource_def"}

    def validate(tmpl_dict, files, parameters, where):
        """Validate one stack, then what it is made of: a group's member and every template resource."""
        counter[0] += 1
        env = environment.Environment({"parameters": parameters})
        st = stack.Stack(ctx, "validate%d" % counter[0], template.Template(tmpl_dict, files=files, env=env))
        try:
            st.validate(validate_res_tmpl_only=True)
        except Exception as ex:
            raise ValueError("%s: %s: %s" % (where, type(ex).__name__, ex))
        for rname, rdef in (tmpl_dict.get("resources") or {}).items():
            rtype = rdef.get("type")
            if rtype in GROUPS:
                # Heat makes a group's members only when it creates the group (and needs its RPC for that):
                # the member is validated as the one resource of a stack with the same parameters.
                member = (rdef.get("properties") or {}).get(GROUPS[rtype])
                one = {k: v for k, v in tmpl_dict.items() if k in ("heat_template_version", "parameters", "conditions")}
                one["resources"] = {"member": member}
                validate(one, files, parameters, "%s > %s member" % (where, rname))
            elif rtype in files:
                # A template resource: its properties checked against the nested template's parameters
                # (above), then the nested template itself with the values the resource gives it.
                res = st.resources[rname]
                values = {}
                for key in res.properties.props:
                    value = res.properties[key]
                    if value is not None:
                        values[key] = value
                validate(template_format.parse(files[rtype]), files, values, "%s > %s (%s)" % (where, rname, rtype))

    results = []
    for i, case in enumerate(cases):
        name = case.get("name", str(i))
        try:
            validate(template_format.parse(case["template"]), case.get("files", {}), case.get("parameters", {}), "stack")
            results.append({"name": name, "ok": True, "error": ""})
        except Exception as ex:  # every failure is a result: one bad case must not hide the others
            results.append({"name": name, "ok": False, "error": str(ex)})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
