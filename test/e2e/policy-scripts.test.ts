// The service-policy lines of real public scripts, replayed unchanged through bash with `ibmcloud` bound to the
// binary (as `alias ibmcloud=iamkeys`), against the embedded local IAM (IAMKEYS_IAM_ENDPOINT=local), in CI
// (CI=true, stdin /dev/null), with their own parsing (jq, awk 'NR==3', grep -B 4). Only the values a script gets
// from services iamkeys does not have (instance GUIDs, regions) are set at the top. Where each comes from:
//   #2  IBM-Cloud/secure-file-storage scripts/pipeline-DEPLOY.sh (idempotent list-then-create with jq -e)
//   #4  IBM/CodeEngine cloudant-change-listener/run          #5  IBM/CodeEngine satellite-connector-to-vpc-vsi/run
//   #12 ibm-cloud-docs/Registry registry_tutorial_configure_iam.md   #13 ibm-cloud-docs/Registry registry_users.md
//   #14 ibm-cloud-docs/account iam-policy-number.md          #15 ibm-cloud-docs/track-spend-with-cloudability
//   #16 tivolinick/source mcm/cam/getKey.sh (cloudctl)        #19 a COS service-ID setup (role CRNs in --roles)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IamClient } from '../../src/client/iam-client.js';
import { inProcessIam } from '../../src/client/in-process.js';
import { tempHome } from '../helpers/run-cli.js';
import { BIN, ROOT, cliEnv, runBash, spawnServe, type ProcessResult } from '../helpers/spawn.js';

/**
 * A script as CI runs it: CI=true, stdin /dev/null, `ibmcloud` (and `cloudctl`, `iamkeys`) the binary. `prepare`
 * sets up the local IAM of the script's home first, as the account it is written for already is.
 */
async function bash(script: string, env: Record<string, string> = {}, prepare?: (home: string) => Promise<void>): Promise<ProcessResult> {
  const home = tempHome('iamkeys-policy-scripts-');
  try {
    await prepare?.(home);
    const file = join(home, 'script.sh');
    writeFileSync(file, `set -euo pipefail
ibmcloud() { "$NODE" "$BIN" "$@"; }
cloudctl() { "$NODE" "$BIN" "$@"; }
iamkeys() { "$NODE" "$BIN" "$@"; }
cd "$TMPDIR"
${script}`);
    return await runBash([file], { ...cliEnv(home, { IAMKEYS_IAM_ENDPOINT: 'local', ...env }), CI: 'true', NODE: process.execPath, BIN, TMPDIR: home });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const done = (r: ProcessResult): void => {
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(r.stdout.trim().split('\n').pop()).toBe('done');
};

describe('public scripts that give service IDs access, on the local IAM', () => {
  it('#2 secure-file-storage: list, jq -e on the v1 JSON, create only what is missing; a second run creates nothing', async () => {
    done(await bash(`
check_value() { if [ -z "$1" ]; then echo "empty value"; exit 1; fi; }
REGION=us-south
KP_GUID=0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f
COS_GUID=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a
ibmcloud iam service-id-create "secure-file-storage-serviceID-ci" -d "serviceID for secure file storage tutorial"
SERVICE_ID=$(ibmcloud iam service-id "secure-file-storage-serviceID-ci" --uuid)
check_value "$SERVICE_ID"
for run in 1 2; do
EXISTING_POLICIES=$(ibmcloud iam service-policies $SERVICE_ID --output json)
echo "EXISTING_POLICIES=$EXISTING_POLICIES"
check_value "$EXISTING_POLICIES"
if echo "$EXISTING_POLICIES" | \\
  jq -e -r 'select(.[].resources[].attributes[].name=="serviceInstance" and .[].resources[].attributes[].value=="'$KP_GUID'" and .[].roles[].display_name=="Writer")' > /dev/null; then
  echo "Writer policy on Key Protect already exist for the Service ID"
else
  ibmcloud iam service-policy-create $SERVICE_ID --roles Writer --service-name kms --service-instance $KP_GUID --force
fi
if echo "$EXISTING_POLICIES" | \\
  jq -e -r 'select(.[].resources[].attributes[].name=="serviceInstance" and .[].resources[].attributes[].value=="'$COS_GUID'" and .[].roles[].display_name=="Writer")' > /dev/null; then
  echo "Writer policy on Cloud Object Storage already exist for the Service ID"
else
  ibmcloud iam service-policy-create $SERVICE_ID --roles Writer --service-name cloud-object-storage --service-instance $COS_GUID -f
fi
if echo "$EXISTING_POLICIES" | \\
  jq -e -r 'select(.[] | .resources[].attributes[].name=="serviceName" and .resources[].attributes[].value=="container-registry" and .resources[].attributes[].value=="'$REGION'" and .roles[].display_name=="Reader")' > /dev/null; then
  echo "Reader policy on Container Registry already exist for the Service ID"
else
  ibmcloud iam service-policy-create $SERVICE_ID --roles Reader --service-name container-registry --region $REGION
fi
done
[ "$(ibmcloud iam service-policies $SERVICE_ID --output json | jq length)" = 3 ]
echo done
`));
  });

  it('#4 and #5 Code Engine: policies by service ID name, a service role on an instance, service and platform roles mixed', async () => {
    done(await bash(`
ce_project_guid=5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f
ibmcloud iam service-id-create ce-sample-cloudant-change-listener-api-credentials --description "Service ID to operate towards the Code Engine project \${ce_project_guid}"
if [ $? != 0 ]; then
  echo "FAILED - The creation of the IAM serviceID failed"
  exit 1
fi
ibmcloud iam service-policy-create ce-sample-cloudant-change-listener-api-credentials --roles Writer --service-name codeengine --service-instance \${ce_project_guid}
if [ $? != 0 ]; then
  echo "FAILED - The creation of the IAM serviceID policy failed"
  exit 1
fi
ce_api_key=$(ibmcloud iam service-api-key-create codeengine-api-key ce-sample-cloudant-change-listener-api-credentials --description "API key for serviceID ce-\${ce_project_guid}-api-credentials for Code Engine project \${ce_project_guid}" --output JSON | jq -r '.apikey')
if [ -z "$ce_api_key" ]; then
  echo "FAILED - The creation of the IAM serviceID APIKey failed"
  exit 1
fi
sat_connector_serviceid_name=sat-connector-agent-serviceid
ibmcloud iam service-id-create $sat_connector_serviceid_name
ibmcloud iam service-policy-create $sat_connector_serviceid_name --roles Reader,Viewer --service-name satellite
ibmcloud iam service-policies $sat_connector_serviceid_name --output json | jq -e '.[0].roles | map(.display_name) == ["Reader", "Viewer"]'
ibmcloud iam service-id-delete ce-sample-cloudant-change-listener-api-credentials --force
echo done
`));
  });

  it("#12 and #13 Container Registry docs: namespace policies, the Policy IDs read from the text list, delete after 'y'; --attributes", async () => {
    done(await bash(`
CLOUD_REGION=us-south
ibmcloud iam service-id-create cr-roles-tutorial --description "Service ID for the IBM Cloud Container Registry tutorial"
ibmcloud iam service-policy-create cr-roles-tutorial --service-name container-registry --region $CLOUD_REGION --resource-type namespace --resource namespace_a --roles Reader
ibmcloud iam service-policy-create cr-roles-tutorial --service-name container-registry --region $CLOUD_REGION --resource-type namespace --resource namespace_b --roles Writer
ibmcloud iam service-policies cr-roles-tutorial > policies.txt
[ "$(grep -c '^Policy ID:' policies.txt)" = 2 ]
Policy_ID=$(grep -B 6 'Resource *namespace_b' policies.txt | awk '/^Policy ID:/{print $3}')
[ -n "$Policy_ID" ]
echo y | ibmcloud iam service-policy-delete cr-roles-tutorial $Policy_ID
[ "$(ibmcloud iam service-policies cr-roles-tutorial | grep -c '^Policy ID:')" = 1 ]
SERVICE_ID=$(ibmcloud iam service-id cr-roles-tutorial --uuid)
ibmcloud iam service-policy-create $SERVICE_ID --roles Reader,Writer --service-name container-registry --region us-south
ibmcloud iam service-policy-create $SERVICE_ID --roles Manager --service-name container-registry --attributes "geography=global"
ibmcloud iam service-policies $SERVICE_ID --output json | jq -e '[.[].resources[].attributes[] | select(.name == "geography")][0].value == "global"'
echo done
`));
  });

  it('#14 counting policies with -f --output JSON | jq ". | length"; #19 role CRNs in --roles with -f -q', async () => {
    done(await bash(`
COS_SERVICE_ID_NAME=cos-hmac-writer
cos_guid=1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
writer_role_crn="crn:v1:bluemix:public:iam::::serviceRole:Writer"
reader_role_crn="crn:v1:bluemix:public:iam::::serviceRole:Reader"
ibmcloud iam service-id-create "\${COS_SERVICE_ID_NAME}" -q > /dev/null
[ "$(ibmcloud iam service-policies "\${COS_SERVICE_ID_NAME}" -f --output JSON | jq '. | length')" = 0 ]
ibmcloud iam service-policy-create "\${COS_SERVICE_ID_NAME}" --roles "\${writer_role_crn},\${reader_role_crn}" --service-name "cloud-object-storage" --service-instance "\${cos_guid}" -f -q > /dev/null
[ "$(ibmcloud iam service-policies "\${COS_SERVICE_ID_NAME}" -f --output JSON | jq '. | length')" = 1 ]
ibmcloud iam service-policies "\${COS_SERVICE_ID_NAME}" --output json | jq -e '.[0].roles | map(.role_id) == ["crn:v1:bluemix:public:iam::::serviceRole:Writer", "crn:v1:bluemix:public:iam::::serviceRole:Reader"]'
echo done
`));
  });

  it("the checks of §1.5: awk 'NR==3' is \"No policy found\" on an empty list; grep -B 4 GUID | grep Writer", async () => {
    done(await bash(`
NAME=ci-reader
GUID=7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b
ibmcloud iam service-id-create $NAME
if [ "$(ibmcloud iam service-policies $NAME | awk 'NR==3')" == "No policy found" ]; then
  ibmcloud iam service-policy-create $NAME --roles Writer --service-name cloud-object-storage --service-instance $GUID
fi
ID=$(ibmcloud iam service-id $NAME --uuid)
ibmcloud iam service-policies $ID | grep -B 4 $GUID | grep Writer
[ "$(ibmcloud iam service-policies $NAME | awk 'NR==3')" != "No policy found" ]
echo done
`));
  });

  it('#16 cloudctl form: -r with a role of the service (here an account custom role) and a platform role', async () => {
    // IBM Cloud Private's idmgmt service and its ClusterAdministrator role are not IBM Cloud's: the account the
    // script runs in has the role as a custom role of that service, made through IBM's /v2/roles.
    const customRole = async (home: string): Promise<void> => {
      const local = inProcessIam(join(home, 'store.db'));
      try {
        const client = new IamClient(local.transport, local.owner);
        const account = (await local.owner.identity()).accountId;
        await client.json({ method: 'POST', path: '/v2/roles', idempotent: false, body: {
          name: 'ClusterAdministrator', display_name: 'ClusterAdministrator', description: 'Administer the cluster',
          actions: ['idmgmt.cluster.administer'], account_id: account, service_name: 'idmgmt',
        } });
      } finally {
        await local.transport.close();
      }
    };
    done(await bash(`
serviceIDName=cam-service-id
cloudctl iam service-id-create \${serviceIDName} -d "CAM service ID"
cloudctl iam service-policy-create \${serviceIDName} -r Administrator,ClusterAdministrator --service-name 'idmgmt'
cloudctl iam service-policies \${serviceIDName} --output json | jq -e '.[0].roles | map(.display_name) == ["Administrator", "ClusterAdministrator"]'
echo done
`, {}, customRole));
  });

  it('the README\'s policy example runs as written on a fresh local IAM, in order', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Access policies from the command line\n'));
    const block = /```sh\n([^]*?)```/.exec(section)![1]!;
    done(await bash(`${block}\necho done\n`));
  });
});

describe('#15 the cloudability troubleshooting page: policy ids from the v1 list API with curl, then delete by service ID UUID', () => {
  it('runs against iamkeys serve', async () => {
    const dir = tempHome('iamkeys-policy-serve-');
    const ownerKeyFile = join(dir, 'owner.json');
    const { child, url } = await spawnServe(dir, ['--memory', '--apikey-file', ownerKeyFile]);
    try {
      done(await bash(`
IAM="$IAMKEYS_IAM_ENDPOINT"
ibmcloud login --apikey @"$OWNER_KEY_FILE" -q > /dev/null
SID=$(ibmcloud iam service-id-create cloudability-sid --output json | jq -r .id)
ibmcloud iam service-policy-create $SID --roles Viewer --service-name billing -f -q > /dev/null
ACCOUNT_ID=$(ibmcloud target --output json | jq -r .account.guid)
TOKEN=$(curl -s -X POST "$IAM/identity/token" -H "Content-Type: application/x-www-form-urlencoded" \\
  --data-urlencode "grant_type=urn:ibm:params:oauth:grant-type:apikey" --data-urlencode "apikey=$(jq -r .apikey "$OWNER_KEY_FILE")" | jq -r .access_token)
POLICY_ID=$(curl -s "$IAM/v1/policies?account_id=$ACCOUNT_ID" -H "Authorization: Bearer $TOKEN" | jq -r '.policies[] | select(.subjects[].attributes[].value == "iam-'$SID'") | .id')
[ -n "$POLICY_ID" ]
echo y | ibmcloud iam service-policy-delete $SID $POLICY_ID
[ "$(ibmcloud iam service-policies $SID --output json)" = "[]" ]
echo done
`, { IAMKEYS_IAM_ENDPOINT: url, OWNER_KEY_FILE: ownerKeyFile }));
    } finally {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
